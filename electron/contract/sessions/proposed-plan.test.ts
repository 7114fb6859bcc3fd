import { describe, expect, it } from 'vitest';
import { extractProposedPlan, withoutProposedPlan } from './proposed-plan';

describe('a proposed plan in a plan-mode answer', () => {
  it('is the Markdown between tags on their own lines; the words around it stay the message', () => {
    const message = 'I looked around.\n\n<proposed_plan>\n# Title\n\n- step\n</proposed_plan>\n';
    expect(extractProposedPlan(message)).toEqual({ plan: '# Title\n\n- step', outside: 'I looked around.' });
    expect(withoutProposedPlan(message)).toBe('I looked around.');
  });

  it('is the last complete block when a model writes several, and nothing when a block is unclosed or empty', () => {
    const two = '<proposed_plan>\nfirst\n</proposed_plan>\nthen\n<proposed_plan>\r\nsecond\r\n</proposed_plan>';
    expect(extractProposedPlan(two)?.plan).toBe('second');
    expect(extractProposedPlan('<proposed_plan>\nnever closed')).toBeNull();
    expect(extractProposedPlan('<proposed_plan>\n\n</proposed_plan>')).toBeNull();
    expect(extractProposedPlan('mentions <proposed_plan> inline </proposed_plan> only')).toBeNull();
    expect(withoutProposedPlan('no plan here')).toBe('no plan here');
  });
});
