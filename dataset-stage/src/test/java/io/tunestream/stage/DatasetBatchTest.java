package io.tunestream.stage;

import io.tunestream.events.DatasetRecord;
import io.tunestream.events.DatasetSeal;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatasetBatchTest {

    @Test
    void shouldFindTheFirstRecordOfAnIdWhenRecordsAreOrderedById() {
        DatasetBatch batch = batch("a", "b", "b", "d");

        assertThat(batch.firstIndexOf("a")).isZero();
        assertThat(batch.firstIndexOf("b")).isEqualTo(1);
        assertThat(batch.firstIndexOf("d")).isEqualTo(3);
    }

    @Test
    void shouldNameTheIdWhenNoRecordHasIt() {
        DatasetBatch batch = batch("a", "c");

        for (String missing : List.of("b", "0", "z")) {
            assertThatThrownBy(() -> batch.firstIndexOf(missing)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no record '" + missing + "' in ds@1");
        }
        assertThatThrownBy(() -> batch("").firstIndexOf("a")).hasMessageContaining("ordered by id");
    }

    private static DatasetBatch batch(String... ids) {
        List<DatasetRecord> records = Arrays.stream(ids).filter(id -> !id.isEmpty())
                .map(id -> DatasetRecord.newBuilder().setRecordId(id).setSourceRecordId(id).setText("t").build()).toList();
        return new DatasetBatch("ds", "1", records,
                DatasetSeal.newBuilder().setRecordCount(records.size()).setConfig(Map.of()).build(), 0);
    }
}
