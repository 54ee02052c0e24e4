// Loaded with `node --require` before electronegativity: the scanner fetches translations (and, in one check,
// Electron's release list) over the network on every run. These machines are offline by design, so those
// fetches fail at once here instead of waiting for timeouts, and nothing leaves the machine.
'use strict';
const Module = require('node:module');

const offline = () => Promise.reject(new Error('network disabled for the security scan'));
offline.head = offline;
offline.get = offline;

const load = Module._load;
Module._load = function loadOffline(request, ...rest) {
  if (request === 'got') return offline;
  return load.call(this, request, ...rest);
};
