import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LayerKind } from '../../../shared/layers/types';
import { setParams } from '../../../renderer/src/model/core';
import { ROW_HEIGHT, SummaryPanel, scrollToShow } from '../../../renderer/src/panels/SummaryPanel';
import { applyEdit } from '../../../renderer/src/store/applyEdit';
import { select } from '../../../renderer/src/store/editor';
import { IMMEDIATE } from '../../../renderer/src/store/history';
import { chain, load } from '../helpers';

const VIEWPORT = 10 * ROW_HEIGHT;
/** input_1, conv2d_1, dropout_1 … dropout_80: dropout_k is body row k + 1. */
const tall = () => chain('conv2d', ...Array.from({ length: 80 }, (): LayerKind => 'dropout'));
const summary = () => document.querySelector('.summary') as HTMLElement;
const row = (name: string) =>
  screen.queryByRole('button', { name: new RegExp(`^${name} \\(`) })?.closest('tr');

describe('scrollToShow', () => {
  it('scrolls just enough to show a row above or below the view, under a sticky header', () => {
    // Rows 0..8 fit under a 22 px header in a 220 px viewport at the top.
    expect(scrollToShow(8, 0, VIEWPORT, 22)).toBeNull();
    expect(scrollToShow(9, 0, VIEWPORT, 22)).toBe(22);
    expect(scrollToShow(60, 0, VIEWPORT, 30)).toBe(30 + 61 * ROW_HEIGHT - VIEWPORT);
    expect(scrollToShow(3, 500, VIEWPORT, 22)).toBe(3 * ROW_HEIGHT);
    expect(scrollToShow(25, 500, VIEWPORT, 22)).toBeNull();
  });
});

describe('SummaryPanel', () => {
  beforeEach(() => {
    load(tall());
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(VIEWPORT);
  });
  afterEach(() => {
    cleanup();
    vi.restoreAllMocks();
  });

  it('scrolls to a row selected on the canvas, and only when the selection changes', () => {
    render(<SummaryPanel />);
    expect(row('dropout_60')).toBeFalsy(); // not rendered: far below the view
    act(() => select(['dropout_60']));
    const selected = row('dropout_60');
    expect(selected?.getAttribute('aria-selected')).toBe('true');
    // jsdom lays nothing out: the header counts as one row.
    expect(summary().scrollTop).toBe(scrollToShow(61, 0, VIEWPORT, ROW_HEIGHT));

    act(() => select(['conv2d_1']));
    expect(summary().scrollTop).toBe(ROW_HEIGHT);
    expect(row('conv2d_1')?.getAttribute('aria-selected')).toBe('true');

    // The user scrolls away; an edit (selection unchanged) leaves the table where it is.
    summary().scrollTop = 1000;
    fireEvent.scroll(summary());
    act(() => void applyEdit('Set rate', (d) => setParams(d, 'dropout_3', { rate: 0.25 }), IMMEDIATE));
    expect(summary().scrollTop).toBe(1000);
  });

  it('leaves the view alone when the selected row is already in it', () => {
    render(<SummaryPanel />);
    act(() => select(['dropout_3']));
    expect(summary().scrollTop).toBe(0);
    expect(row('dropout_3')?.getAttribute('aria-selected')).toBe('true');
  });
});
