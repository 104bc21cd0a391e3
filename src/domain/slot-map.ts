/**
 * Collections for entries that come and go at a high rate (one per run or per stream) inside a structure that
 * lives as long as the process: values sit in an array of reusable slots, and a removed entry's slot is
 * overwritten at once.
 *
 * Why not a Map or a Set: once a long-lived Map's table has reached V8's old generation, every table it grows or
 * rehashes into is allocated there too, and a table it leaves behind keeps pointing at the values it held until
 * the next full GC. The young-generation GC treats those pointers as live, so each value (and everything its
 * closures reach: a whole run) survives two scavenges and is promoted, though the run ended long before. The same
 * holds for listeners added to and removed from one long-lived EventTarget (they stay linked to each other).
 * Measured on Node 20 with 50 concurrent 60 ms "runs" (docs/decisions/0700): a value kept in a long-lived Map or
 * Set → ~1 MB promoted per scavenge; in an array slot, a plain object or a Map holding only a slot number → ~0.
 */
/** Values may be anything but `undefined` (an empty slot). */
export class SlotList<V extends {} | null> {
  private readonly slots: (V | undefined)[] = [];
  private readonly free: number[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Stores `value`; the returned slot number removes it. */
  add(value: V): number {
    const slot = this.free.length > 0 ? this.free.pop()! : this.slots.length;
    this.slots[slot] = value;
    this.count++;
    return slot;
  }

  at(slot: number): V | undefined {
    return this.slots[slot];
  }

  replace(slot: number, value: V): void {
    if (this.slots[slot] === undefined) throw new RangeError(`Slot ${slot} is empty`);
    this.slots[slot] = value;
  }

  /**
   * Empties `slot`; a slot already empty (or never given out) is left alone, and so is one that holds something
   * other than `expected` when that is given (the slot was freed and handed out again).
   */
  remove(slot: number, expected?: V): void {
    if (slot < 0 || slot >= this.slots.length) return;
    const current = this.slots[slot];
    if (current === undefined || (expected !== undefined && current !== expected)) return;
    this.slots[slot] = undefined;
    this.free.push(slot);
    this.count--;
  }

  /** The stored values, in no particular order; removing during the walk is safe. */
  forEach(visit: (value: V) => void): void {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) {
      const value = slots[i];
      if (value !== undefined) visit(value);
    }
  }

  values(): V[] {
    const out: V[] = [];
    this.forEach((value) => out.push(value));
    return out;
  }

  clear(): void {
    this.slots.length = 0;
    this.free.length = 0;
    this.count = 0;
  }
}

/** A Map for short-lived entries: the Map holds only slot numbers, the values live in a {@link SlotList}. */
export class SlotMap<K, V extends {} | null> {
  private readonly index = new Map<K, number>();
  private readonly list = new SlotList<V>();

  get size(): number {
    return this.index.size;
  }

  has(key: K): boolean {
    return this.index.has(key);
  }

  get(key: K): V | undefined {
    const slot = this.index.get(key);
    return slot === undefined ? undefined : this.list.at(slot);
  }

  set(key: K, value: V): this {
    const slot = this.index.get(key);
    if (slot === undefined) this.index.set(key, this.list.add(value));
    else this.list.replace(slot, value);
    return this;
  }

  delete(key: K): boolean {
    const slot = this.index.get(key);
    if (slot === undefined) return false;
    this.index.delete(key);
    this.list.remove(slot);
    return true;
  }

  /** A snapshot of the values, in no particular order. */
  values(): V[] {
    return this.list.values();
  }

  keys(): K[] {
    return [...this.index.keys()];
  }

  /** Visits the entries in insertion order; removing during the walk is safe. */
  forEach(visit: (value: V, key: K) => void): void {
    for (const [key, slot] of this.index) {
      const value = this.list.at(slot);
      if (value !== undefined) visit(value, key);
    }
  }

  clear(): void {
    this.index.clear();
    this.list.clear();
  }
}
