package io.github.xpipe.sample.stream;

import java.math.BigDecimal;
import java.util.Map;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The sample's price list, under {@code sample.price-list}: what one of each item costs. An order
 * for an item that is not listed is rejected.
 *
 * @param prices the price of one of each item, by item name, e.g. {@code apple: "0.50"} (quoted in
 * YAML, so that the cents' trailing zero stays); must not be empty (set
 * {@code sample.price-list.prices.<item>})
 */
@ConfigurationProperties("sample.price-list")
@Validated
public record PriceListProperties(@NotEmpty Map<String, BigDecimal> prices) {

}
