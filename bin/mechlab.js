#!/usr/bin/env node
// The `mechlab` command: runs the TypeScript CLI through tsx's loader, so the
// CLI is always the current source and needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
