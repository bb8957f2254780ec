/**
 * Liaison's Node entry (src/entry/node.ts), unchanged, under the benchmark's own command line:
 * broad process-name matches made by other tools on a shared machine (e.g. `pkill -f
 * src/entry/node.ts`) then leave the measured server alone.
 */
import '../src/entry/node.js';
