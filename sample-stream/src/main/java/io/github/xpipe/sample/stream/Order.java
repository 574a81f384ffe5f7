package io.github.xpipe.sample.stream;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

/**
 * An order as it arrives on the {@code price-in-0} binding, e.g.
 * {@code {"item": "apple", "quantity": 3}}. Valid when it names an item and asks for at least one
 * of it.
 *
 * @param item what is ordered
 * @param quantity how many
 */
public record Order(@NotBlank @Nullable String item, @NotNull @Min(1) @Nullable Integer quantity) {

}
