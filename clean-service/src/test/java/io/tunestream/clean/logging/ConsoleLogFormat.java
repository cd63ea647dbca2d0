package io.tunestream.clean.logging;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * The console handler Quarkus installed on the root logger of the running service, found through the handlers that
 * wrap it (the delayed start-up handler, an async one), and the line it writes for a record.
 */
final class ConsoleLogFormat {

    private ConsoleLogFormat() {
    }

    /** @return the console line the running service writes for an INFO message of {@code category} */
    static String lineFor(String category, String message) {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, message, ExtLogRecord.FormatStyle.NO_FORMAT, category);
        record.setLoggerName(category);
        return consoleFormatter().format(record);
    }

    private static Formatter consoleFormatter() {
        Deque<Handler> handlers = new ArrayDeque<>(java.util.List.of(LogContext.getLogContext().getLogger("").getHandlers()));
        while (!handlers.isEmpty()) {
            Handler handler = handlers.pop();
            if (handler instanceof ConsoleHandler) {
                return handler.getFormatter();
            }
            if (handler instanceof ExtHandler ext) {
                handlers.addAll(java.util.List.of(ext.getHandlers()));
            }
        }
        throw new AssertionError("no console handler on the root logger");
    }
}
