package io.vmapkit.runtime;

import static io.vmapkit.runtime.VmapConfig.SPACE;
import static io.vmapkit.runtime.VmapConfig.SPACE_PAGE_SIZE;
import static io.vmapkit.runtime.VmapConfig.SPACE_RESERVE;
import static io.vmapkit.runtime.VmapConfig.SPACE_SIZE;
import static io.vmapkit.runtime.VmapConfig.SPACE_START;

import io.vmapkit.api.Addresses;
import io.vmapkit.api.settings.Setting;
import io.vmapkit.api.settings.SettingException;
import io.vmapkit.api.vmap.AddressSpace;
import java.util.Map;
import java.util.Properties;

/**
 * The address-space keys ({@code vmapkit.space} and its sub-keys): reading them on top of a space,
 * and writing a space back as them. Stateless.
 */
final class SpaceKeys {

    /** {@code vmapkit.space.start}: an unsigned 64-bit address. */
    static final Setting<Long> START = Setting.address(SPACE_START, 0, "start of a custom space");
    /** {@code vmapkit.space.size}: an unsigned 64-bit size. */
    static final Setting<Long> SIZE = Setting.unsignedSize(SPACE_SIZE, 0, "size of a custom space");
    /** {@code vmapkit.space.page-size}. */
    static final Setting<Integer> PAGE_SIZE = Setting.integer(SPACE_PAGE_SIZE, AddressSpace.DEFAULT_PAGE_SIZE,
            "page size of a custom space");
    /** {@code vmapkit.space.reserve}: an unsigned size. */
    static final Setting<Long> RESERVE = Setting.unsignedSize(SPACE_RESERVE, AddressSpace.X86_32_DEFAULT_RESERVE,
            "__VMALLOC_RESERVE of the x86_32 preset");

    private SpaceKeys() {}

    /** One given entry: value as written and where it came from. */
    record Given(String value, String source) {}

    /**
     * The space {@code given} describes on top of {@code space}: overriding only the size of a
     * custom space keeps its start.
     *
     * @throws SettingException naming the key, value and source of a bad or misplaced entry
     */
    static AddressSpace read(AddressSpace space, Map<String, Given> given) {
        Given presetEntry = given.get(SPACE);
        String preset = presetEntry != null ? presetEntry.value() : presetOf(space);
        switch (preset) {
            case "x86_64":
                onlyFor(given, preset, SPACE_START, SPACE_SIZE, SPACE_PAGE_SIZE, SPACE_RESERVE);
                return AddressSpace.x86_64();
            case "x86_32": {
                onlyFor(given, preset, SPACE_START, SPACE_SIZE, SPACE_PAGE_SIZE);
                Given r = given.get(SPACE_RESERVE);
                long reserve = r != null ? RESERVE.parse(r.value(), r.source())
                        : presetOf(space).equals("x86_32") ? x86_32Reserve(space) : AddressSpace.X86_32_DEFAULT_RESERVE;
                try {
                    return AddressSpace.x86_32(reserve);
                } catch (IllegalArgumentException e) {
                    throw new SettingException(SPACE_RESERVE, r != null ? r.value() : Long.toString(reserve),
                            r != null ? r.source() : null, e.getMessage(), e);
                }
            }
            case "custom": {
                onlyFor(given, preset, SPACE_RESERVE);
                long start = value(given, START, space.start());
                long size = value(given, SIZE, space.size());
                int pageSize = value(given, PAGE_SIZE, space.pageSize());
                try {
                    return AddressSpace.of("custom", start, size, pageSize);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(SPACE_START + " = " + Addresses.hex(start) + ", " + SPACE_SIZE
                            + " = " + Long.toUnsignedString(size) + ", " + SPACE_PAGE_SIZE + " = " + pageSize + ": "
                            + e.getMessage(), e);
                }
            }
            default:
                throw new SettingException(SPACE, preset, presetEntry.source(), "unknown preset; use x86_32, x86_64 or custom", null);
        }
    }

    private static <T> T value(Map<String, Given> given, Setting<T> setting, T otherwise) {
        Given g = given.get(setting.key());
        return g == null ? otherwise : setting.parse(g.value(), g.source());
    }

    private static void onlyFor(Map<String, Given> given, String preset, String... keys) {
        for (String k : keys) {
            Given g = given.get(k);
            if (g != null) {
                String owner = k.equals(SPACE_RESERVE) ? "vmapkit.space=x86_32" : "vmapkit.space=custom";
                throw new SettingException(k, g.value(), g.source(), "applies only to " + owner + ", but the space is " + preset, null);
            }
        }
    }

    /** The preset a space is: {@code x86_64}, {@code x86_32} (any reserve) or {@code custom}. */
    static String presetOf(AddressSpace s) {
        if (s.equals(AddressSpace.x86_64())) {
            return "x86_64";
        }
        if (s.name().equals("x86_32") && s.pageSize() == AddressSpace.DEFAULT_PAGE_SIZE
                && s.end() == AddressSpace.X86_32_VMALLOC_END) {
            return "x86_32";
        }
        return "custom";
    }

    private static long x86_32Reserve(AddressSpace s) {
        return s.size() + AddressSpace.X86_32_VMALLOC_OFFSET;
    }

    /** Writes {@code space} as the keys that read back to it. */
    static void write(AddressSpace space, Properties p) {
        String preset = presetOf(space);
        p.setProperty(SPACE, preset);
        if (preset.equals("x86_32")) {
            p.setProperty(SPACE_RESERVE, Long.toString(x86_32Reserve(space)));
        } else if (preset.equals("custom")) {
            p.setProperty(SPACE_START, Addresses.hex(space.start()));
            p.setProperty(SPACE_SIZE, Long.toUnsignedString(space.size()));
            p.setProperty(SPACE_PAGE_SIZE, Integer.toString(space.pageSize()));
        }
    }
}
