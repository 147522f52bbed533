/**
 * The steps main runs, behind one small interface: main's unit tests give it stand-ins (no network, no
 * disk), so a change of main's logic fails a unit test without a rebundle.
 */
import { checkAccess } from './access.js'
import { findSnapshotPaths, prewarmOrCheck, restoreCache, standInForHub } from './cache.js'
import { identify, setUpGit } from './identity.js'
import { chooseTokenStep, storeToken } from './token.js'

export interface MainSteps {
  chooseToken: typeof chooseTokenStep
  storeToken: typeof storeToken
  identify: typeof identify
  setUpGit: typeof setUpGit
  checkAccess: typeof checkAccess
  restoreCache: typeof restoreCache
  standInForHub: typeof standInForHub
  prewarmOrCheck: typeof prewarmOrCheck
  findSnapshotPaths: typeof findSnapshotPaths
}

export const mainSteps: MainSteps = {
  chooseToken: chooseTokenStep,
  storeToken,
  identify,
  setUpGit,
  checkAccess,
  restoreCache,
  standInForHub,
  prewarmOrCheck,
  findSnapshotPaths
}
