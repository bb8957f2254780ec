/**
 * A map that holds at most `most` entries: reading or writing an entry makes it the most recently
 * used, and beyond `most` the least recently used goes. What Liaison keeps between calls (built
 * statements, page tokens, what is kept by stamp) is kept in one of these.
 */
export class LeastRecentlyUsed<K, V> {
  private readonly held = new Map<K, V>();

  constructor(private readonly most: number) {}

  get(key: K): V | undefined {
    const value = this.held.get(key);
    if (value !== undefined) {
      this.held.delete(key);
      this.held.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.held.delete(key);
    this.held.set(key, value);
    if (this.held.size > this.most) this.held.delete(this.held.keys().next().value!);
  }

  delete(key: K): void {
    this.held.delete(key);
  }

  get size(): number {
    return this.held.size;
  }
}
