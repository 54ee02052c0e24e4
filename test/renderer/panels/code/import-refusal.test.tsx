import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importModelFile, importModelFiles } from '../../../../renderer/src/panels/code/actions';
import { ImportReportBox } from '../../../../renderer/src/panels/code/ImportReport';
import { useCode } from '../../../../renderer/src/panels/code/store';
import { useEditor } from '../../../../renderer/src/store/editor';
import { chain, load } from '../../helpers';

const hostile = join(__dirname, '../../../fixtures/model-json/hostile/unsupported-layers.json');

/** An import that is not the file's network exactly is refused, each layer named, an approximation one click away. */
describe('a refused import in the Code tab', () => {
  afterEach(() => {
    cleanup();
    useCode.getState().setImportRefusal(null);
    vi.restoreAllMocks();
  });

  it('lists every layer it cannot represent with its code, leaves the document alone, and imports an approximation on request', async () => {
    const user = userEvent.setup();
    load(chain('conv2d', 'flatten', 'dense'));
    const before = useEditor.getState().doc;
    const file = new File([readFileSync(hostile, 'utf8')], 'unsupported-layers.json', {
      type: 'application/json',
    });
    await importModelFile(file);
    expect(useEditor.getState().doc).toBe(before);
    render(<ImportReportBox />);
    const box = screen.getByRole('region', { name: 'Import report' });
    expect(box.textContent).toMatch(/unsupported-layers\.json was not imported \(IMPORT_NOT_FAITHFUL\)/);
    // The command line's advice is not the app's: the button below is.
    expect(box.textContent).not.toMatch(/--lenient/);
    const codes = within(box)
      .getAllByRole('listitem')
      .map((li) => li.querySelector('code')?.textContent);
    expect(codes).toEqual([
      'IMPORT_LAMBDA_LAYER',
      'IMPORT_UNSUPPORTED_LAYER',
      'IMPORT_BAD_VALUE',
      'IMPORT_UNSUPPORTED_ACTIVATION',
    ]);
    vi.spyOn(window, 'confirm').mockReturnValue(true);
    await user.click(within(box).getByRole('button', { name: 'Import an approximation' }));
    await vi.waitFor(() => expect(useEditor.getState().doc).not.toBe(before));
    // The approximation says so: its description, and the report's list of what changed.
    expect(useEditor.getState().doc.description).toMatch(/^Approximate import \(lenient\)/m);
    expect(useCode.getState().importRefusal).toBeNull();
    expect(useCode.getState().importReport?.issues.map((i) => i.code)).toContain('IMPORT_LAMBDA_LAYER');
  });

  it('a file that is no model has no approximation to offer, whatever its name', async () => {
    await importModelFile(new File(['not json'], 'notes.json'));
    expect(useCode.getState().importRefusal?.code).toBe('IMPORT_NOT_JSON');
    expect(useCode.getState().importRefusal?.approximate).toBeNull();
    useCode.getState().setImportRefusal(null);
    // Picked alone through "Import model…" (which takes several files), a .txt is read and refused as such.
    await importModelFiles([new File(['not json'], 'not-json.txt')]);
    expect(useCode.getState().importRefusal?.code).toBe('IMPORT_NOT_JSON');
  });
});
