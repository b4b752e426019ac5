// Library entry: what a test or another program imports to build and drive a site.
// It grows as the layers land (machine, nucleus, MiX); see README.md's status table.
export * as nucleus from '../nucleus/index.ts';
export { VERSION } from './version.ts';
