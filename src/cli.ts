#!/usr/bin/env node
// Entry of the `chorus` executable; the commands are wired in program.ts.
import { main } from './program.ts';

process.exitCode = await main(process.argv.slice(2));
