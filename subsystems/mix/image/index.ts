// Front door of the image server (server.ts, protocol.ts): the root file system served from an
// in-memory image until the file manager replaces it.

export * from './protocol.ts';
export type { ImageOptions } from './server.ts';
export { ImageTree, imageActor, serve } from './server.ts';
