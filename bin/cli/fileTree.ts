/**
 * A directory as an indented tree with file sizes, for showing what a run wrote.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Renders `dir` as a tree, folders first then files, each level sorted by name.
 * Stops after `maxLines` lines and says how many were left out.
 */
export function formatFileTree(dir: string, label: string, maxLines = 40): string {
  const lines: string[] = [`${label}/`];
  const walk = (path: string, indent: string): void => {
    const entries = readdirSync(path, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.'))
      .sort((a, b) => Number(b.isDirectory()) - Number(a.isDirectory()) || a.name.localeCompare(b.name));
    entries.forEach((e, i) => {
      const last = i === entries.length - 1;
      const full = join(path, e.name);
      if (e.isDirectory()) {
        lines.push(`${indent}${last ? '└── ' : '├── '}${e.name}/`);
        walk(full, indent + (last ? '    ' : '│   '));
      } else {
        lines.push(`${indent}${last ? '└── ' : '├── '}${e.name}  (${size(statSync(full).size)})`);
      }
    });
  };
  walk(dir, '');
  if (lines.length <= maxLines) return `${lines.join('\n')}\n`;
  return `${lines.slice(0, maxLines).join('\n')}\n… ${lines.length - maxLines} more\n`;
}
