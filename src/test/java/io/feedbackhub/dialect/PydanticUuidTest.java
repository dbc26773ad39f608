package io.feedbackhub.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The UUID spellings pydantic v2 accepts, and the Rust uuid crate's words for the ones it refuses. */
class PydanticUuidTest {
    static final String CANONICAL = "8540d774-4863-4d2b-b788-4ecb19412e85";

    @ParameterizedTest
    @ValueSource(strings = {
            "8540d774-4863-4d2b-b788-4ecb19412e85",
            "8540D774-4863-4D2B-B788-4ECB19412E85",
            "8540d7744863" + "4d2bb7884ecb19412e85",
            "{8540d774-4863-4d2b-b788-4ecb19412e85}",
            "urn:uuid:8540d774-4863-4d2b-b788-4ecb19412e85"})
    void every_accepted_spelling_reads_as_the_canonical_form(String spelling) {
        assertEquals(new PydanticUuid(CANONICAL, null), PydanticUuid.parse(spelling));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            not-a-uuid                                  | invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `n` at 1
            ' 8540d774-4863-4d2b-b788-4ecb19412e85'     | invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found ` ` at 1
            urn:uuid:8540d774-4863-4d2b-b788-4ecb19412e8x | invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `x` at 45
            8540d774-é                                  | invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `é` at 10
            12345                                       | invalid length: expected length 32 for simple format, found 5
            ''                                          | invalid length: expected length 32 for simple format, found 0
            8540d774-4863-4d2b-b788                     | invalid group count: expected 5, found 4
            {8540d7744863d2bb7884ecb19412e85}            | invalid group count: expected 5, found 1
            8540d77-44863-4d2b-b788-4ecb19412e85        | invalid group length in group 0: expected 8, found 7
            8540d774-4863-4d2bb-788-4ecb19412e85        | invalid group length in group 2: expected 4, found 5
            8540d774-4863-4d2b-b788-4ecb19412e851       | invalid group length in group 4: expected 12, found 13
            """)
    void a_refusal_carries_the_uuid_crates_own_words(String input, String error) {
        var parsed = PydanticUuid.parse(input);

        assertFalse(parsed.valid());
        assertEquals(error, parsed.error());
    }
}
