package io.feedbackhub.testing;

import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that runs once per store against a {@link TestHub} of its own, given to its {@code @Parameter TestHub}
 * field; the hub is stopped, and its store dropped, after the class's tests have run against it. One test instance
 * per store, so what a {@code @BeforeParameterizedClassInvocation} method sets up serves every test.
 *
 * <pre>{@code
 * @HubTest(environment = "FEEDBACK_HUB_MAX_BODY_BYTES=32768")
 * class ImportApiTest {
 *     @Parameter
 *     TestHub hub;
 *     Api api;
 *
 *     @BeforeParameterizedClassInvocation
 *     void start() {
 *         api = hub.api;
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "{0}")
@ArgumentsSource(HubPerStore.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public @interface HubTest {
    /** Settings added to (or replacing) {@link TestHub}'s, each as {@code NAME=value}. */
    String[] environment() default {};
}
