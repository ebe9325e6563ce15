// A small Rust program with a bug to find by stepping: the median of a list of
// response times is wrong because the list is never sorted. Break in `median`
// and look at `values` and `middle`.

struct Sample {
    label: &'static str,
    millis: u32,
}

fn median(values: &[u32]) -> f64 {
    let middle = values.len() / 2;
    if values.len() % 2 == 0 {
        (values[middle - 1] + values[middle]) as f64 / 2.0
    } else {
        values[middle] as f64
    }
}

fn main() {
    let samples = vec![
        Sample { label: "login", millis: 120 },
        Sample { label: "search", millis: 45 },
        Sample { label: "upload", millis: 900 },
        Sample { label: "logout", millis: 30 },
        Sample { label: "home", millis: 60 },
    ];
    let times: Vec<u32> = samples.iter().map(|sample| sample.millis).collect();
    for sample in &samples {
        println!("{:>8}: {} ms", sample.label, sample.millis);
    }
    println!("median: {} ms", median(&times));
}
