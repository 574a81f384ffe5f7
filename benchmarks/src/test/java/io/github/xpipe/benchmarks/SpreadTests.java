package io.github.xpipe.benchmarks;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpreadTests {

	@Test
	void oddCountTakesTheMiddleValue() {
		Spread spread = Spread.of(List.of(5.0, 1.0, 3.0));
		assertThat(spread).isEqualTo(new Spread(3.0, 1.0, 5.0, 3));
	}

	@Test
	void evenCountAveragesTheTwoMiddleValues() {
		assertThat(Spread.of(List.of(4.0, 1.0, 2.0, 10.0)).median()).isEqualTo(3.0);
	}

	@Test
	void noValuesIsNoSpread() {
		assertThat(Spread.of(List.of())).isNull();
	}

}
