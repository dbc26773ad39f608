package io.feedbackhub.testing;

import org.junit.jupiter.params.provider.ArgumentsSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The argument source of a {@code @ParameterizedTest} (or class) that takes a {@link StoreKind}: every store, or those
 * that {@link StoreKind#SELECTION_PROPERTY} selects.
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ArgumentsSource(SelectedStores.class)
public @interface EveryStore {
}
