import { z } from 'zod';
import { lazy, sessionEventSchemas } from '../../contract';
import { isToolOutput, parseArguments, type Tool } from './tool';

const argsSchema = lazy(() =>
  z.object({ explanation: z.string().optional(), plan: z.array(sessionEventSchemas().PlanStep) }),
);

export const updatePlanTool: Tool = {
  readOnly: true,
  spec: {
    kind: 'function',
    name: 'update_plan',
    description:
      'Record the plan for the task as a list of steps with a status each (pending, in_progress, completed). At most one step is in_progress. Call again whenever a step changes.',
    parameters: {
      type: 'object',
      properties: {
        explanation: { type: 'string' },
        plan: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              step: { type: 'string' },
              status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] },
            },
            required: ['step', 'status'],
            additionalProperties: false,
          },
        },
      },
      required: ['plan'],
      additionalProperties: false,
    },
  },
  async run(input, context) {
    const args = parseArguments(input, (value) => {
      const parsed = argsSchema().safeParse(value);
      return parsed.success
        ? parsed.data
        : `Invalid update_plan arguments: ${parsed.error.issues[0].path.join('.')} ${parsed.error.issues[0].message}.`;
    });
    if (isToolOutput(args)) return args;
    await context.emit({
      type: 'plan.updated',
      turn: context.turn,
      callId: context.callId,
      explanation: args.explanation,
      steps: args.plan,
    });
    return { output: 'Plan updated', isError: false };
  },
};
