import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../../shared/analysis/types';
import { TotalsBar } from '../../../renderer/src/app/TotalsBar';
import { useAnalysis } from '../../../renderer/src/store/analysis';

const problem = (severity: Diagnostic['severity'], nodeId: string): Diagnostic => ({
  code: 'SHAPE_MISMATCH',
  severity,
  nodeId,
  message: 'x',
});

function withDiagnostics(diagnostics: Diagnostic[]): void {
  act(() => useAnalysis.setState((s) => ({ model: { ...s.model, diagnostics } })));
}

describe('the totals bar', () => {
  afterEach(cleanup);

  it('counts problems in the right number: 1 error, 2 warnings; 0 errors, 1 warning', () => {
    render(<TotalsBar />);
    withDiagnostics([problem('error', 'a'), problem('warning', 'b'), problem('warning', 'c')]);
    const button = screen.getByRole('button', { name: /show problems$/ });
    expect(button.textContent).toBe('● 1 error · 2 warnings');
    expect(button.getAttribute('aria-label')).toBe('1 error, 2 warnings: show problems');
    withDiagnostics([problem('warning', 'b')]);
    expect(button.textContent).toBe('● 0 errors · 1 warning');
  });
});
