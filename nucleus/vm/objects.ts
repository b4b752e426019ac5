// What regions map (reference §1.9, §4.2, §4.4): anonymous memory made of reference-counted
// pages (copy-on-write: a page shared by several copies is copied on the first write to it,
// the [D] of §4.4 instead of history objects), and local caches, the site's one cache of a
// segment's pages kept by a mapper. A region maps a window of one of them, and a private region
// (rgnInit, a copy of a cache window) adds an anonymous overlay for the pages it has written.
import type { Capability } from '../objects.ts';

/** Anything that maps a memory object (a region); objects know theirs to free pages right. */
export interface ObjectUser {
  /** The object pages [first, first + count) it maps. */
  readonly window: { readonly first: number; readonly count: number };
}

/** A page of anonymous memory; shared (refs > 1) pages are read-only until copied. */
export class AnonPage {
  refs = 1;
  /** Its page in the swap segment while it is out (frame -1), else -1. */
  slot = -1;
  /** Being pushed out: a fault on it meanwhile cancels the eviction. */
  outgoing = false;
  constructor(public frame: number) {}
}

/** Anonymous ("volatile") memory: page index -> page; a missing page reads as zeroes. */
export class AnonMemory {
  readonly kind = 'anon';
  readonly pages = new Map<number, AnonPage>();
  readonly users = new Set<ObjectUser>();

  /**
   * A copy-on-write copy: the same pages, each one more reference (the caller downgrades the
   * writable mappings of the original).
   */
  clone(): AnonMemory {
    const copy = new AnonMemory();
    for (const [index, page] of this.pages) {
      page.refs++;
      copy.pages.set(index, page);
    }
    return copy;
  }
}

/** A resident page of a local cache. */
export class CachePage {
  dirty = false;
  /** Being pushed out to free its frame: a fault on it meanwhile cancels the eviction. */
  outgoing = false;
  constructor(
    public frame: number,
    /** The mapper granted write access to it. */
    public writable: boolean,
  ) {}
}

/** The site's cache of one segment (reference §4.1: one per segment per site). */
export class LocalCache {
  readonly kind = 'cache';
  readonly pages = new Map<number, CachePage>();
  readonly users = new Set<ObjectUser>();
  constructor(
    /** The mapper's port UI and the segment key it chose (reference §1.8). */
    readonly segment: Capability,
  ) {}
}

export type MemoryObject = AnonMemory | LocalCache;

/** Region protection bits (KnRgnDesc options; K_READABLE is implied for a mapped region). */
export const K_WRITABLE = 0x1;
export const K_EXECUTABLE = 0x2;
/** Inheritance for rgnDup (K_INHERITCOPY / K_INHERITSHARE). */
export type Inherit = 'copy' | 'share';
