package io.feedbackhub.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

import java.util.Map;
import java.util.stream.Stream;

/**
 * {@link HubTest}'s provider: one started {@link TestHub} per selected store. JUnit closes each, as an
 * {@link AutoCloseable} argument of the class ({@code autoCloseArguments}), once the class has run against it.
 */
final class HubPerStore implements ArgumentsProvider, AnnotationConsumer<HubTest> {
    private Map<String, String> environment = Map.of();

    @Override
    public void accept(HubTest test) {
        environment = TestHub.settings(test.environment());
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        return StoreKind.selected().stream()
                .map(kind -> Arguments.of(TestHub.start(kind, environment)));
    }
}
