import { runSaveWorker } from '../action/save-entry.js'

await runSaveWorker()
