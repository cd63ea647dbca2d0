package io.tunestream.stage;

import io.tunestream.events.DatasetRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small real stage for tests: upper-cases texts and drops empty ones, counting why. */
class UpperCaseStage implements DatasetStage {

    @Override
    public String name() {
        return "test";
    }

    @Override
    public StageResult apply(DatasetBatch batch) {
        List<DatasetRecord> out = new ArrayList<>();
        long empty = 0;
        for (DatasetRecord r : batch.records()) {
            if (r.getText() == null || r.getText().isEmpty()) {
                empty++;
                continue;
            }
            List<String> ops = new ArrayList<>(r.getOperations());
            ops.add("test:upper");
            out.add(DatasetRecord.newBuilder(r).setText(r.getText().toUpperCase()).setOperations(ops).build());
        }
        return StageResult.completed(out, empty == 0 ? Map.of() : Map.of("empty_text", empty), 0,
                Map.of("upper", "yes"), Map.of("upper", "yes"));
    }
}
