// Load generator for the service suites, forked by bench/suites/index.mjs (never shares an event loop with the
// orchestrator or a server). Each suite module exports `handlers`; they are reachable as "<suite>.<handler>".
import { SUITE_MODULES } from './list.mjs';

const handlers = {};
for (const mod of SUITE_MODULES) {
  for (const [name, fn] of Object.entries(mod.handlers)) handlers[`${mod.name}.${name}`] = fn;
}

process.on('message', async ({ id, type, args }) => {
  try {
    if (!handlers[type]) throw new Error(`unknown load generator command ${type}`);
    process.send({ id, result: await handlers[type](args) });
  } catch (err) {
    process.send({ id, error: err.message });
  }
});
