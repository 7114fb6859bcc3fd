import { ControlButton, Panel, useReactFlow, useStore, type ReactFlowState } from '@xyflow/react';

const FIT = { padding: 0.12 };
const zoomLimits = (s: ReactFlowState) =>
  `${s.transform[2] <= s.minZoom ? 'min' : ''}${s.transform[2] >= s.maxZoom ? 'max' : ''}`;

/**
 * Zoom in, zoom out and fit, as React Flow's own <Controls> draws them, in a panel that is a named group:
 * <Controls> names its panel but gives it no role, and a screen reader ignores a name on a plain div.
 */
export function ZoomControls() {
  const flow = useReactFlow();
  const limits = useStore(zoomLimits);
  return (
    <Panel position="top-right" className="react-flow__controls vertical" role="group" aria-label="Zoom and fit">
      <ControlButton
        className="react-flow__controls-zoomin"
        title="Zoom In"
        aria-label="Zoom In"
        disabled={limits.includes('max')}
        onClick={() => void flow.zoomIn()}
      >
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" aria-hidden="true">
          <path d="M32 18.133H18.133V32h-4.266V18.133H0v-4.266h13.867V0h4.266v13.867H32z" />
        </svg>
      </ControlButton>
      <ControlButton
        className="react-flow__controls-zoomout"
        title="Zoom Out"
        aria-label="Zoom Out"
        disabled={limits.includes('min')}
        onClick={() => void flow.zoomOut()}
      >
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 5" aria-hidden="true">
          <path d="M0 0h32v4.2H0z" />
        </svg>
      </ControlButton>
      <ControlButton
        className="react-flow__controls-fitview"
        title="Fit View"
        aria-label="Fit View"
        onClick={() => void flow.fitView(FIT)}
      >
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" aria-hidden="true">
          {/* Four corners: the view fits its content. */}
          <path d="M0 0h11v4H4v7H0zM21 0h11v11h-4V4h-7zM28 21h4v11H21v-4h7zM0 21h4v7h7v4H0z" />
        </svg>
      </ControlButton>
    </Panel>
  );
}
