import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Test helper: the fixtures folder, and a fixture's text exactly as stored. */
export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
export const fixture = (relative: string): string => fs.readFileSync(path.join(FIXTURES, relative), 'utf8');
export const TODO_EXPORT = path.join(FIXTURES, 'repo/.kiro/specs/todo-export');
