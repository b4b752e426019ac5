// Supervisor regions (rgnAllocate with K_SUPERVISOR, docs/vm.md): physically contiguous,
// zero-filled frames that are never paged out, seen at kseg0 addresses by kernel-mode guest code
// of supervisor actors; only supervisor actors may make them.
import { describe, expect, it } from 'vitest';
import type { Capability } from '../../nucleus/index.ts';
import { api, K_EINVAL, K_EPRIV, K_OK } from '../../nucleus/index.ts';
import { boot } from './support.ts';

const PAGE = 4096;

describe('VM: supervisor regions', () => {
  it('VM: a supervisor actor gets contiguous zeroed frames at kseg0; others get K_EPRIV; frees give them back', () => {
    const seen: unknown[] = [];
    let free0 = 0;
    let free1 = 0;
    let free2 = 0;
    const b = boot([
      {
        name: 'sup',
        kind: 'supervisor',
        threads: [
          {
            name: 'sup',
            priority: 10,
            body: function* () {
              const n = b.site.nucleus;
              const self = yield* api.actorSelf();
              free0 = n.vm.frames.freeFrames;
              const start = yield* api.rgnAllocate(self, {
                start: 0,
                size: 3 * PAGE,
                options: api.K_SUPERVISOR,
              });
              seen.push(start >= 0x8000_0000);
              const pa = start - 0x8000_0000;
              let zero = true;
              for (let i = 0; i < 3 * PAGE; i += 4) zero &&= n.hal.physical.read32(pa + i) === 0;
              seen.push(zero, free0 - n.vm.frames.freeFrames);
              seen.push(
                yield* api.rgnFree(self, start + PAGE, PAGE),
                yield* api.rgnFree(self, start, 3 * PAGE),
              );
              seen.push(n.vm.frames.freeFrames === free0);
              const again = yield* api.rgnAllocate(self, { start: 0, size: PAGE, options: api.K_SUPERVISOR });
              const child = (yield* api.actorCreate('supervisor', 'child')) as Capability;
              seen.push(
                (yield* api.rgnAllocate(child, { start: 0, size: 2 * PAGE, options: api.K_SUPERVISOR })) > 0,
              );
              free1 = n.vm.frames.freeFrames;
              yield* api.actorDelete(child);
              free2 = n.vm.frames.freeFrames;
              seen.push(again > 0);
            },
          },
        ],
      },
      {
        name: 'sys',
        kind: 'system',
        threads: [
          {
            name: 'sys',
            priority: 10,
            body: function* () {
              const self = yield* api.actorSelf();
              seen.push(yield* api.rgnAllocate(self, { start: 0, size: PAGE, options: api.K_SUPERVISOR }));
            },
          },
        ],
      },
    ]);
    b.run();
    expect(seen.sort()).toEqual([true, true, 3, K_EINVAL, K_OK, true, true, true, K_EPRIV].sort());
    expect(free2 - free1).toBe(2);
  });
});
