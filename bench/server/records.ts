/**
 * Deterministic records of about a chosen size: the same id always yields the
 * same record, so a run's output can be checked record by record.
 */

const WORDS = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(' ');
const STATUSES = ['active', 'pending', 'closed', 'archived'];

function filler(id: number, length: number): string {
  let out = '';
  let i = id;
  while (out.length < length) {
    out += WORDS[i % WORDS.length] + ' ';
    i = (i * 31 + 7) % 1_000_003;
  }
  return out.slice(0, Math.max(0, length));
}

/** The record with this id, serialized to about `bytes` bytes of JSON. */
export function makeRecord(id: number, bytes: number): Record<string, unknown> {
  const base = {
    id,
    name: `customer ${id}`,
    email: `customer.${id}@example.com`,
    status: STATUSES[id % STATUSES.length],
    amount: (id * 37) % 100_000 / 100,
    created_at: new Date(Date.UTC(2024, 0, 1) + id * 1000).toISOString(),
    updated_at: new Date(Date.UTC(2025, 0, 1) + id * 1000).toISOString(),
    tags: ['bench', `group-${id % 10}`],
    address: { city: 'Springfield', zip: String(10_000 + (id % 90_000)), country: 'US' },
    description: '',
  };
  const overhead = JSON.stringify(base).length;
  base.description = filler(id, bytes - overhead);
  return base;
}
