// How every browser test launches Chromium: Debian's binary (never a downloaded one) with nothing that reaches
// the network. Shared by playwright.config.ts (the e2e suite) and the browser-mode benchmarks.
export const chromiumLaunchOptions = {
  executablePath: process.env.STRIDE_CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};
