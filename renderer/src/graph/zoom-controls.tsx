import { ControlButton, Panel, useReactFlow, useStore, type ReactFlowState } from '@xyflow/react';

const FIT = { padding: 0.12 };
const zoomLimits = (s: ReactFlowState) =>
  `${s.transform[2] <= s.minZoom ? 'min' : ''}${s.transform[2] >= s.maxZoom ? 'max' : ''}`;

/** React Flow's own icons for its three controls. */
const ICONS = {
  zoomin: { viewBox: '0 0 32 32', d: 'M32 18.133H18.133V32h-4.266V18.133H0v-4.266h13.867V0h4.266v13.867H32z' },
  zoomout: { viewBox: '0 0 32 5', d: 'M0 0h32v4.2H0z' },
  // Four corners: the view fits its content.
  fitview: { viewBox: '0 0 32 32', d: 'M0 0h11v4H4v7H0zM21 0h11v11h-4V4h-7zM28 21h4v11H21v-4h7zM0 21h4v7h7v4H0z' },
};

/**
 * Zoom in, zoom out and fit, as React Flow's own <Controls> draws them, in a panel that is a named group:
 * <Controls> names its panel but gives it no role, and a screen reader ignores a name on a plain div.
 */
export function ZoomControls() {
  const flow = useReactFlow();
  const limits = useStore(zoomLimits);
  const buttons = [
    { icon: 'zoomin', name: 'Zoom In', disabled: limits.includes('max'), act: () => void flow.zoomIn() },
    { icon: 'zoomout', name: 'Zoom Out', disabled: limits.includes('min'), act: () => void flow.zoomOut() },
    { icon: 'fitview', name: 'Fit View', disabled: false, act: () => void flow.fitView(FIT) },
  ] as const;
  return (
    <Panel position="top-right" className="react-flow__controls vertical" role="group" aria-label="Zoom and fit">
      {buttons.map(({ icon, name, disabled, act }) => (
        <ControlButton
          key={icon}
          className={`react-flow__controls-${icon}`}
          title={name}
          aria-label={name}
          disabled={disabled}
          onClick={act}
        >
          <svg xmlns="http://www.w3.org/2000/svg" viewBox={ICONS[icon].viewBox} aria-hidden="true">
            <path d={ICONS[icon].d} />
          </svg>
        </ControlButton>
      ))}
    </Panel>
  );
}
