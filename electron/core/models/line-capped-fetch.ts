import { formatBytes } from '../limits/output-caps';
import { ModelError } from './model-client';

/**
 * fetch for the SDKs, failing a response body once one line (one server-sent event) passes
 * `maxLineBytes`. The session weighs each parsed event against model_max_response_bytes, but an SDK
 * buffers a whole event before anyone sees it: without this, one endless event would fill memory.
 */
export function lineCappedFetch(maxLineBytes: number): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body) return response;
    let line = 0;
    const tooLong = () =>
      new ModelError(
        `the provider sent one streamed event larger than ${formatBytes(maxLineBytes)} (4 x model_max_response_bytes); the stream was stopped`,
        false,
      );
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          const first = chunk.indexOf(10);
          if (first < 0) line += chunk.byteLength;
          else if (line + first > maxLineBytes) return controller.error(tooLong());
          else line = chunk.byteLength - chunk.lastIndexOf(10) - 1;
          if (line > maxLineBytes) return controller.error(tooLong());
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
