import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Pager } from '../../../renderer/src/ui/Pager';
import { nextTabIndex, TabPanel, Tabs } from '../../../renderer/src/ui/Tabs';

type Id = 'a' | 'b' | 'c';
function Strip({ disabled }: { disabled?: Id }) {
  const [tab, setTab] = useState<Id>('a');
  return (
    <>
      <Tabs<Id>
        label="Things"
        idBase="t"
        selected={tab}
        onSelect={setTab}
        tabs={[
          { id: 'a', title: 'Alpha' },
          { id: 'b', title: 'Beta', disabled: disabled === 'b' },
          { id: 'c', title: 'Gamma', badge: <span>3</span> },
        ]}
      />
      <TabPanel idBase="t" id={tab}>
        panel {tab}
      </TabPanel>
    </>
  );
}

describe('Tabs (WAI-ARIA tabs pattern)', () => {
  afterEach(cleanup);

  it('moves with the arrows (wrapping), Home and End, selecting as it moves', async () => {
    const user = userEvent.setup();
    render(<Strip />);
    const tab = (name: RegExp) => screen.getByRole('tab', { name });
    await user.click(tab(/Alpha/));
    await user.keyboard('{ArrowRight}');
    expect(tab(/Beta/).getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(tab(/Beta/));
    expect(screen.getByRole('tabpanel', { name: 'Beta' }).textContent).toBe('panel b');
    await user.keyboard('{End}');
    expect(document.activeElement).toBe(tab(/Gamma/));
    await user.keyboard('{ArrowRight}');
    expect(document.activeElement).toBe(tab(/Alpha/));
    await user.keyboard('{ArrowLeft}');
    expect(document.activeElement).toBe(tab(/Gamma/));
    await user.keyboard('{Home}');
    expect(tab(/Alpha/).getAttribute('aria-selected')).toBe('true');
    // Only the selected tab is in the Tab order.
    expect(screen.getAllByRole('tab').map((t) => t.tabIndex)).toEqual([0, -1, -1]);
  });

  it('skips disabled tabs', () => {
    expect(nextTabIndex('ArrowRight', 0, [true, false, true])).toBe(2);
    expect(nextTabIndex('ArrowLeft', 2, [true, false, true])).toBe(0);
    expect(nextTabIndex('Home', 2, [false, true, true])).toBe(1);
    expect(nextTabIndex('End', 0, [true, true, false])).toBe(1);
    expect(nextTabIndex('Enter', 0, [true])).toBeNull();
  });
});

describe('Pager', () => {
  afterEach(cleanup);

  it('pages within its range and says where it is', async () => {
    const user = userEvent.setup();
    function Paged() {
      const [page, setPage] = useState(0);
      return <Pager index={page} count={3} onChange={setPage} label="Images" />;
    }
    render(<Paged />);
    const group = screen.getByRole('group', { name: 'Images' });
    expect(group.textContent).toContain('Page 1 of 3');
    expect((screen.getByRole('button', { name: 'Previous' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await user.click(screen.getByRole('button', { name: 'Next' }));
    expect(group.textContent).toContain('Page 3 of 3');
    expect((screen.getByRole('button', { name: 'Next' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
