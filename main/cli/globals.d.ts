/** Injected by build.config.mjs (esbuild `define`). */
declare const __STRIDE_VERSION__: string;
