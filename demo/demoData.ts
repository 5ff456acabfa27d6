/**
 * The demo API's data: deterministic customers, their invoices, products and
 * orders, so every demo run shows the same first picture. Orders change over
 * time (see {@link DemoData.touchOrders}), which is what the incremental second
 * run picks up.
 */

/** A customer (paginated by page number). */
export interface Customer {
  id: number;
  name: string;
  email: string;
  created_at: string;
}

/** An invoice of one customer (the child resource). */
export interface Invoice {
  id: string;
  customer_id: number;
  amount_cents: number;
  issued_at: string;
}

/** A product (paginated by a next link in the body). */
export interface Product {
  sku: string;
  title: string;
  price_cents: number;
}

/** An order (cursor-paginated, incremental on `updated_at`). */
export interface Order {
  id: string;
  customer_id: number;
  status: 'placed' | 'paid' | 'shipped' | 'refunded';
  amount_cents: number;
  updated_at: string;
}

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Ken', 'Radia', 'Tim', 'Margaret', 'Dennis'];
const STATUSES: Order['status'][] = ['placed', 'paid', 'shipped'];
const EPOCH = Date.UTC(2026, 0, 1);

/** The demo data set, with the one mutation the demo needs. */
export class DemoData {
  readonly customers: Customer[];
  readonly invoices: Invoice[];
  readonly products: Product[];
  readonly orders: Order[];

  constructor() {
    this.customers = FIRST_NAMES.map((name, i) => ({
      id: i + 1,
      name,
      email: `${name.toLowerCase()}@example.com`,
      created_at: new Date(EPOCH - (30 - i) * 86_400_000).toISOString(),
    }));
    // Every third customer has no invoice, so children of empty parents are shown too.
    this.invoices = this.customers.flatMap((c) =>
      Array.from({ length: c.id % 3 }, (_, k) => ({
        id: `inv_${c.id}_${k + 1}`,
        customer_id: c.id,
        amount_cents: 1000 * c.id + 250 * k,
        issued_at: new Date(EPOCH + (c.id * 24 + k) * 3_600_000).toISOString(),
      })),
    );
    this.products = Array.from({ length: 7 }, (_, i) => ({ sku: `SKU-${100 + i}`, title: `Widget ${i + 1}`, price_cents: 499 + i * 100 }));
    this.orders = Array.from({ length: 25 }, (_, i) => ({
      id: `ord_${String(i + 1).padStart(3, '0')}`,
      customer_id: (i % this.customers.length) + 1,
      status: STATUSES[i % STATUSES.length],
      amount_cents: 1500 + i * 37,
      updated_at: new Date(EPOCH + i * 3_600_000).toISOString(),
    }));
  }

  /**
   * Updates `count` existing orders and adds one new order, all stamped `now`:
   * what a later incremental run should pick up (and nothing else).
   */
  touchOrders(count: number, now: Date): Order[] {
    const stamp = now.toISOString();
    const touched = this.orders.slice(0, count).map((o) => Object.assign(o, { status: 'refunded' as const, updated_at: stamp }));
    const added: Order = { id: `ord_${String(this.orders.length + 1).padStart(3, '0')}`, customer_id: 1, status: 'placed', amount_cents: 4200, updated_at: stamp };
    this.orders.push(added);
    return [...touched, added];
  }

  /** Orders with `updated_at >= since`, oldest first (the API's documented order). */
  ordersSince(since: string | undefined): Order[] {
    return this.orders.filter((o) => since === undefined || o.updated_at >= since).sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id.localeCompare(b.id));
  }
}
