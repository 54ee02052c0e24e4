import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupNodes, renameBlock } from '../../../renderer/src/model/core';
import { Palette } from '../../../renderer/src/palette/Palette';
import { chain, load } from '../helpers';

/** A model whose library holds one block named `stem` (a name no layer kind, label or description has). */
function withStemBlock() {
  const grouped = groupNodes(chain('conv2d', 'maxpool2d', 'flatten'), ['conv2d_1', 'maxpool2d_1']);
  if (!grouped.ok) throw new Error(grouped.error.message);
  return renameBlock(grouped.value.doc, 'block_1', 'stem');
}

const search = async (text: string) => {
  const user = userEvent.setup();
  const box = screen.getByRole('searchbox', { name: 'Search layers' });
  await user.clear(box);
  if (text !== '') await user.type(box, text);
};
const empty = () => screen.queryByText(/^No layer matches/);

describe('palette search', () => {
  beforeEach(() => load(withStemBlock()));
  afterEach(cleanup);

  it('finds a library block by name without saying nothing matches', async () => {
    render(<Palette />);
    await search('stem');
    expect(screen.queryAllByRole('button', { name: /^Add [^b]/ })).toEqual([]);
    expect(screen.getByRole('button', { name: 'Add block stem' })).toBeTruthy();
    expect(empty()).toBeNull();
  });

  it('says nothing matches only when neither a layer nor a block does', async () => {
    render(<Palette />);
    await search('zzz');
    expect(screen.queryByRole('button', { name: 'Add block stem' })).toBeNull();
    expect(empty()?.textContent).toBe('No layer matches “zzz”.');
    await search('conv');
    expect(screen.getByRole('button', { name: 'Add Conv2D' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add block stem' })).toBeNull();
    expect(empty()).toBeNull();
  });

  it('without a library, a search for nothing known still says so', async () => {
    load(chain('conv2d'));
    render(<Palette />);
    await search('stem');
    expect(empty()?.textContent).toBe('No layer matches “stem”.');
  });
});
