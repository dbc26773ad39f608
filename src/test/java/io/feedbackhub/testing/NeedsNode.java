package io.feedbackhub.testing;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test that needs Node.js and npm: the vendors' official JavaScript SDKs in src/test/js.
 * Tagged {@value #TAG}: {@code mvn -Pquick verify} leaves it out, the README's {@code mvn verify} runs it.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(NeedsNode.TAG)
public @interface NeedsNode {
    String TAG = "node";
}
