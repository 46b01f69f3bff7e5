/** `@crmkit/core/http/node`: run `createCrmHandler`'s handler in `node:http` or Express. */
export type { NodeListenerOptions, NodeRequestLike, NodeResponseLike } from './node.js'
export { toNodeListener } from './node.js'
