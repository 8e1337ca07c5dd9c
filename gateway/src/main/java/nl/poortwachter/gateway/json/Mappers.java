package nl.poortwachter.gateway.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The Jackson mappers of the gateway. Input is read strictly: a typo in a field name, {@code "recording": "yes"}
 * or {@code "retentionDays": "28"} is an error the integrator sees, not something Jackson quietly guesses at.
 * Guessing is how a camera ends up recording when someone wrote "no", or keeping footage longer than allowed.
 */
public final class Mappers {
    /** For API request bodies. */
    public static final ObjectMapper JSON_IN = strict(JsonMapper.builder()).build();
    /** For API responses: ISO-8601 instants, nulls left out. */
    public static final ObjectMapper JSON_OUT = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    /** For the configuration file: the same strictness as the API. */
    public static final ObjectMapper YAML_IN = strict(YAMLMapper.builder()
            // YAML 1.1 reads yes/no/on/off as booleans ("the Norway problem"); here they are just words, and
            // "recording: yes" is refused like "recording": "yes" in JSON.
            .enable(YAMLParser.Feature.PARSE_BOOLEAN_LIKE_WORDS_AS_STRINGS)).build();

    private Mappers() {
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B strict(B b) {
        b.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT,
                        DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY,
                        DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS,
                        DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL,
                        DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // Two "url" keys in one object: which one wins is a parser detail, so refuse both.
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .addModule(new JavaTimeModule());
        b.withCoercionConfigDefaults(c -> c.setAcceptBlankAsEmpty(false)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyArray, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyObject, CoercionAction.Fail));
        // Numbers and booleans are not strings either: "name": 5 is a mistake, not the name "5".
        b.withCoercionConfig(LogicalType.Textual, c -> c
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
        // "28" is not a number and "yes" is not a boolean; 1 is not true and true is not 1.
        b.withCoercionConfig(LogicalType.Integer, c -> c
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
        b.withCoercionConfig(LogicalType.Float, c -> c
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
        b.withCoercionConfig(LogicalType.Boolean, c -> c
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
        return b;
    }
}
