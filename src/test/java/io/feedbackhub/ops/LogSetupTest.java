package io.feedbackhub.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The log set-up in code is the one logback finds, and it is what logback.xml said. */
class LogSetupTest {
    @Test
    void logbackIsSetUpByLogSetup() {
        var context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var console = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDOUT"));
        var encoder = assertInstanceOf(PatternLayoutEncoder.class, console.getEncoder());
        assertEquals("%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} level=%level logger=%logger{0} %msg%n%ex", encoder.getPattern());
        assertEquals(Level.WARN, context.getLogger("org.eclipse.jetty").getLevel());
        assertEquals(Level.WARN, context.getLogger("io.javalin").getLevel());
        assertEquals(Level.WARN, context.getLogger("com.zaxxer.hikari").getLevel());
    }

    @Test
    void theLevelIsFeedbackHubLogLevel() {
        var context = new LoggerContext();
        System.setProperty("FEEDBACK_HUB_LOG_LEVEL", "WARN");
        try {
            new LogSetup().configure(context);
        } finally {
            System.clearProperty("FEEDBACK_HUB_LOG_LEVEL");
        }
        assertEquals(Level.WARN, context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel());
        var defaults = new LoggerContext();
        new LogSetup().configure(defaults);
        var expected = System.getenv("FEEDBACK_HUB_LOG_LEVEL") == null ? Level.INFO : Level.toLevel(System.getenv("FEEDBACK_HUB_LOG_LEVEL"), Level.DEBUG);
        assertEquals(expected, defaults.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel());
    }
}
