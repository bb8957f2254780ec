// Types `exports.default` of cloudflare:workers as our Worker entry.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('../../src/entry/worker.js');
  }
}
