/** The code being measured: commit and whether src/ has uncommitted changes (read-only git). */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** "commit abc1234, src/ with N uncommitted files" (or "commit unknown" outside a git checkout). */
export function gitLine(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim() !== '').length;
    return `commit ${head}${dirty ? `, src/ with ${dirty} uncommitted file${dirty === 1 ? '' : 's'}` : ''}`;
  } catch {
    return 'commit unknown';
  }
}
