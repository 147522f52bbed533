/** The save worker's entry: post starts it once per entry it saves (actions-cache/save-worker.ts says why). */
export { runSaveWorker } from '../actions-cache/save-entry.js'
