package io.vmapkit.driver.i915;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmapkit.api.VmapException;
import io.vmapkit.api.page.PageAllocationException;
import io.vmapkit.api.page.PageRun;
import io.vmapkit.api.vmap.AddressSpace;
import io.vmapkit.api.vmap.AreaState;
import io.vmapkit.api.vmap.VmapArea;
import io.vmapkit.runtime.VmapKit;
import io.vmapkit.runtime.VmapSystem;
import io.vmapkit.testkit.ManualClock;
import io.vmapkit.testkit.Pressure;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/fidelity.md §17 #13 and §11.3: pinned objects never lose their pages or their mapping, whatever
 * the shrinker, the OOM notifier and the vmap notifier do around them. A seeded random sequence of
 * driver operations and reclaim events runs on a small space (128 pages) and page pool (768 pages), so
 * that pin_map itself runs the vmap notifier and get_pages runs the shrinker and the OOM notifier, with
 * reclaim both from a thread holding struct_mutex (stealing) and from one that does not (trylock);
 * after every operation the pins the test holds are checked, and the device's invariants.
 *
 * <p>Seeds: three fixed ones and one fresh one per era, printed and in the display name. Replay one
 * with {@code -Dvmapkit.seed=<seed>}; on failure the operation sequence is printed.
 */
class PinnedObjectsNeverLosePagesTest {

    private static final int OPERATIONS = 1500;

    static Stream<Arguments> cases() {
        Long only = Long.getLong("vmapkit.seed");
        List<Arguments> out = new ArrayList<>();
        for (String era : List.of("pre-4.7", "4.7", "4.9")) {
            if (only != null) {
                out.add(Arguments.of(era, only));
                continue;
            }
            for (long seed : new long[] {1, 2, 3, new SplittableRandom().nextLong()}) {
                out.add(Arguments.of(era, seed));
            }
        }
        return out.stream();
    }

    /** One pin the test holds and what it must still find. */
    private record MapPin(GemObject obj, Mapping mapping, PageRun pages) {}

    private record IomapPin(Vma vma, VmapArea iomap) {}

    @ParameterizedTest(name = "era {0}, seed {1}")
    @MethodSource("cases")
    void pinnedObjectsNeverLoseTheirPagesOrMappings(String era, long seed) {
        System.out.println("pinnedObjectsNeverLoseTheirPagesOrMappings era " + era + " seed " + seed);
        List<String> log = new ArrayList<>();
        I915Plugin i915 = new I915Plugin();
        try (VmapSystem s = VmapKit.builder().ignoreSystemProperties().clock(new ManualClock()).plugin(i915)
                .addressSpace(AddressSpace.of("test", 0x1000_0000L, 512L << 10, 4096)).ncpus(1)
                .configure(c -> c.set("vmapkit.page-pool.pages", "768").pluginSetting("i915", "era", era)).start()) {
            run(Gem.installed(s).device(), new Pressure(s), new SplittableRandom(seed), log);
        } catch (AssertionError | RuntimeException e) {
            System.out.println("failed at era " + era + " seed " + seed + "; operations:");
            log.forEach(l -> System.out.println("  " + l));
            throw new AssertionError("era " + era + " seed " + seed + ": " + e.getMessage(), e);
        }
    }

    private static void run(Device d, Pressure pressure, SplittableRandom rnd, List<String> log) {
        List<GemObject> objects = new ArrayList<>();
        Deque<MapPin> mapPins = new ArrayDeque<>();
        List<Vma> vmaPins = new ArrayList<>();
        List<IomapPin> iomapPins = new ArrayList<>();
        GemContext ctx = Gem.locked(d, () -> d.createContext(1, 4, 128));
        for (int i = 0; i < OPERATIONS; i++) {
            int op = rnd.nextInt(100);
            boolean holdLock = rnd.nextBoolean();
            GemObject o = objects.isEmpty() ? null : objects.get(rnd.nextInt(objects.size()));
            if (op < 8 || o == null) {
                int pages = rnd.nextInt(4) == 0 ? 1 : 2 + rnd.nextInt(15);
                GemObject n = Gem.locked(d, () -> d.createObject(pages));
                objects.add(n);
                log.add("create " + n);
            } else if (op < 30) {
                MapType type = rnd.nextInt(6) == 0 ? MapType.WC : MapType.WB;
                log.add("pin_map " + type + " " + o);
                if (mapPins.size() < 12) {
                    Gem.locked(d, () -> {
                        try {
                            Mapping m = d.pinMap(o, type);
                            mapPins.push(new MapPin(o, m, o.pages));
                        } catch (VmapException e) {
                            log.add("  -> " + e.getClass().getSimpleName() + " " + errnoOf(e));
                        } catch (IllegalStateException e) {
                            assertThat(o.madv()).as("only a purgeable object refuses get_pages").isNotEqualTo(Madv.WILLNEED);
                            log.add("  -> refused: " + o.madv());
                        }
                    });
                }
            } else if (op < 45) {
                MapPin p = mapPins.poll();
                if (p != null) {
                    log.add("unpin_map " + p.obj());
                    Gem.locked(d, () -> d.unpinMap(p.obj()));
                }
            } else if (op < 52) {
                log.add("bind " + o);
                Gem.locked(d, () -> {
                    try {
                        d.bind(o);
                    } catch (PageAllocationException e) {
                        log.add("  -> ENOMEM");
                    } catch (IllegalStateException e) {
                        log.add("  -> refused: " + o.madv());
                    }
                });
            } else if (op < 56) {
                if (o.vma != null && o.vma.bound) {
                    boolean pinned = o.vma.pinCount > 0;
                    log.add("unbind " + o.vma);
                    boolean ok = Gem.locked(d, () -> d.unbind(o.vma));
                    assertThat(ok).as("unbind succeeds unless pinned").isEqualTo(!pinned);
                }
            } else if (op < 60) {
                if (o.vma != null && o.vma.bound && vmaPins.size() < 6) {
                    log.add("pin vma " + o);
                    Gem.locked(d, () -> d.pinVma(o.vma));
                    vmaPins.add(o.vma);
                } else if (!vmaPins.isEmpty()) {
                    Vma v = vmaPins.remove(rnd.nextInt(vmaPins.size()));
                    log.add("unpin vma " + v);
                    Gem.locked(d, () -> d.unpinVma(v));
                }
            } else if (op < 65) {
                Madv advice = rnd.nextBoolean() ? Madv.DONTNEED : Madv.WILLNEED;
                log.add("madvise " + advice + " " + o);
                Gem.locked(d, () -> d.madvise(o, advice));
            } else if (op < 70) {
                if (o.vma != null && o.vma.bound) {
                    log.add("submit " + o);
                    Gem.locked(d, () -> d.submit(ctx, List.of(o), 1 + rnd.nextInt(50)));
                }
            } else if (op < 74) {
                long ticks = rnd.nextInt(100);
                log.add("gpu +" + ticks + ", retire");
                Gem.locked(d, () -> {
                    d.advanceGpu(ticks);
                    d.retireRequests();
                });
            } else if (op < 78) {
                boolean pinnedByTest = mapPins.stream().anyMatch(p -> p.obj() == o) || (o.vma != null && o.vma.pinCount > 0);
                if (!pinnedByTest) {
                    log.add("close " + o);
                    Gem.locked(d, () -> d.close(o));
                    objects.remove(o);
                }
            } else if (op < 84) {
                int priority = rnd.nextInt(13);
                log.add("shrink_slab priority " + priority + (holdLock ? " (struct_mutex held)" : ""));
                reclaim(d, holdLock, () -> pressure.shrinkSlab(priority));
            } else if (op < 87) {
                log.add("vmap purge round" + (holdLock ? " (struct_mutex held)" : ""));
                reclaim(d, holdLock, () -> pressure.purgeRound(4096L * (1 + rnd.nextInt(16))));
            } else if (op < 90) {
                log.add("oom round" + (holdLock ? " (struct_mutex held)" : ""));
                reclaim(d, holdLock, () -> pressure.oomRound(16));
            } else if (d.era().hasVmaIomaps()) {
                if (o.vma != null && o.vma.bound && iomapPins.size() < 4) {
                    log.add("pin_iomap " + o);
                    Gem.locked(d, () -> {
                        try {
                            iomapPins.add(new IomapPin(o.vma, d.pinIomap(o.vma)));
                        } catch (VmapException e) {
                            log.add("  -> " + errnoOf(e));
                        }
                    });
                } else if (!iomapPins.isEmpty()) {
                    IomapPin p = iomapPins.remove(rnd.nextInt(iomapPins.size()));
                    log.add("unpin_iomap " + p.vma());
                    Gem.locked(d, () -> d.unpinIomap(p.vma()));
                }
            }
            check(d, mapPins, vmaPins, iomapPins);
        }
        Gem.locked(d, () -> {
            while (!mapPins.isEmpty()) {
                d.unpinMap(mapPins.pop().obj());
            }
            iomapPins.forEach(p -> d.unpinIomap(p.vma()));
            vmaPins.forEach(d::unpinVma);
        });
        pressure.purgeRound();
        Gem.locked(d, () -> Gem.assertConsistent(d));
        I915Stats st = d.stats();
        System.out.println("  " + st.snapshot());
        assertThat(st.freedByNotifier.sum() + st.freedByShrinker.sum() + st.freedByOom.sum())
                .as("reclaim released pages around the pins").isPositive();
        assertThat(st.lockSteals.sum()).as("reclaim ran under the test's own struct_mutex").isPositive();
    }

    private static String errnoOf(RuntimeException e) {
        return e instanceof VmapException ? ((VmapException) e).errno().name() : e.toString();
    }

    private static void reclaim(Device d, boolean holdLock, Runnable r) {
        if (holdLock) {
            Gem.locked(d, r);
        } else {
            r.run();
        }
    }

    private static void check(Device d, Deque<MapPin> mapPins, List<Vma> vmaPins, List<IomapPin> iomapPins) {
        for (MapPin p : mapPins) {
            GemObject o = p.obj();
            assertThat(o.isFreed()).as("pinned %s freed", o).isFalse();
            assertThat(o.pages).as("pinned %s keeps its pages", o).isSameAs(p.pages());
            assertThat(p.pages().isFreed()).as("pinned %s's pages went back to the pool", o).isFalse();
            if (p.mapping().isVmap()) {
                assertThat(p.mapping().area().state()).as("mapping of pinned %s", o).isEqualTo(AreaState.LIVE);
            }
            if (d.era().cachesMappings()) {
                assertThat(o.mapping()).as("cached mapping of pinned %s", o).isSameAs(p.mapping());
            } else {
                assertThat(o.transientMaps).as("mappings of pinned %s", o).contains(p.mapping());
            }
        }
        for (Vma v : vmaPins) {
            assertThat(v.bound).as("pinned %s stays bound", v).isTrue();
        }
        for (IomapPin p : iomapPins) {
            assertThat(p.vma().iomap).as("pinned iomap of %s", p.vma()).isSameAs(p.iomap());
            assertThat(p.iomap().state()).isEqualTo(AreaState.LIVE);
        }
        Gem.locked(d, () -> Gem.assertConsistent(d));
    }
}
