import { describe, expect, it } from 'vitest';
import { globMatcher } from '../../src/lib/glob';

describe('globMatcher', () => {
  it('matches * wildcards and comma-separated alternatives, whole ids only, with regex characters literal', () => {
    const m = globMatcher('grid-*,resnet8-skip, width-1.5');
    expect(['grid-lr0p1-bs32', 'resnet8-skip', 'width-1.5'].every(m)).toBe(true);
    expect(['resnet8-skip2', 'xgrid-a', 'width-1x5'].some(m)).toBe(false);
  });
});
