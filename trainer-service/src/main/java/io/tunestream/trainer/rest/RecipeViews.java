package io.tunestream.trainer.rest;

import io.tunestream.events.TrainingRecipe;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** JSON views of recipe versions: every schema field by name, enums by name, times as ISO-8601. */
final class RecipeViews {

    private RecipeViews() {
    }

    /** @return the recipe as a JSON object (field order of the schema) */
    static Map<String, Object> of(TrainingRecipe recipe) {
        return record(recipe);
    }

    private static Map<String, Object> record(SpecificRecord record) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            out.put(field.name(), value(record.get(field.pos())));
        }
        return out;
    }

    private static Object value(Object value) {
        if (value instanceof SpecificRecord r) {
            return record(r);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(value(v)));
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), value(v)));
            return out;
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        if (value instanceof Instant t) {
            return t.toString();
        }
        return value;
    }
}
