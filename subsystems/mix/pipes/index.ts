// Front door of MiX's pipe service: the server actor (server.ts), its protocol (protocol.ts)
// and the PM's client (client.ts).
export { pipeClose, pipeCreate, pipeRead, pipeWrite } from './client.ts';
export { PIPE_BUF, PIPE_STAMP, READ_END, WRITE_END } from './protocol.ts';
export { PipeTable, pipeActor } from './server.ts';
