import { describe, expect, it } from 'vitest';
import { textTable } from '../../src/internal/textTable';

describe('textTable', () => {
  it('pads columns to their widest cell, right-aligns numbers, and says how many rows it left out', () => {
    const rows = [['1', '41.2'], ['2', '40.9'], ['3', '140.0']];
    expect(textTable(['epoch', 's'], rows, ['right', 'right'])).toEqual(['epoch      s', '-----  -----', '    1   41.2', '    2   40.9', '    3  140.0']);
    expect(textTable(['epoch', 's'], rows, ['right', 'right'], 1, 'epoch')).toEqual(['epoch     s', '-----  ----', '    1  41.2', '... 2 more epochs']);
  });
});
