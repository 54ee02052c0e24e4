import { describe, expect, it } from 'vitest';
import { isTrustedSender, type SenderInfo } from '../../../main/electron/ipc-guard';
import { isAllowedRequestUrl, isAppUrl } from '../../../main/electron/origin';

const mainFrame = { url: 'app://stride/index.html' };
const trusted = new Set([7]);
const event = (
  over: Partial<{ id: number; frame: { url: string } | null; mainFrame: unknown }> = {},
): SenderInfo => ({
  sender: { id: over.id ?? 7, mainFrame: over.mainFrame ?? mainFrame },
  senderFrame: over.frame === undefined ? mainFrame : over.frame,
});

describe('IPC sender check', () => {
  it('accepts the main frame of our window showing our renderer', () => {
    expect(isTrustedSender(event(), trusted)).toBe(true);
  });

  it('refuses other webContents, subframes, destroyed frames and foreign origins', () => {
    expect(isTrustedSender(event({ id: 8 }), trusted)).toBe(false);
    const iframe = { url: 'app://stride/index.html' };
    expect(isTrustedSender(event({ frame: iframe }), trusted)).toBe(false);
    expect(isTrustedSender(event({ frame: null }), trusted)).toBe(false);
    for (const url of [
      'https://evil.example/',
      'file:///app/index.html',
      'app://other/index.html',
      'not a url',
    ]) {
      const frame = { url };
      expect(isTrustedSender(event({ frame, mainFrame: frame }), trusted), url).toBe(false);
    }
  });
});

describe('app:// origin', () => {
  it('recognizes only our host on our scheme', () => {
    expect(isAppUrl('app://stride/assets/index.js')).toBe(true);
    expect(isAppUrl('app://stride.evil/x')).toBe(false);
    expect(isAppUrl('https://stride/')).toBe(false);
  });

  it('lets the renderer load only its own files plus data/blob/devtools URLs', () => {
    expect(isAllowedRequestUrl('app://stride/index.html')).toBe(true);
    expect(isAllowedRequestUrl('data:image/png;base64,AAAA')).toBe(true);
    expect(isAllowedRequestUrl('blob:app://stride/1234')).toBe(true);
    for (const url of [
      'https://cdn.example/x.js',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'ws://x/',
    ]) {
      expect(isAllowedRequestUrl(url), url).toBe(false);
    }
  });
});
