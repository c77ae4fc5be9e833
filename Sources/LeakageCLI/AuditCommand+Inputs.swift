import Autodiff
import Datasets
import Foundation

/// A bad input file or value of a subcommand (exit status 1; the message names the file or option).
struct InputError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

extension AuditCommand {
    /// The client's own images, in file-name order, each [1, C, H, W].
    struct ClientImages {
        let names: [String]
        let images: [Tensor]
    }

    func loadPrior(size: Int, channels: Int) throws -> Tensor {
        guard let prior else { return Tensor(repeating: 0.5, shape: [channels, size, size]) }
        // A grey prior feeds an RGB model as torchvision pipelines feed X-rays: replicated to 3 channels.
        let image = channels == 3 ? try ImageFile.read(prior, channels: 3, replicatingGray: true) : try ImageFile.read(prior)
        guard image.shape == [channels, size, size] else {
            throw InputError("\(prior): the prior is \(image.shape), expected [\(channels), \(size), \(size)]")
        }
        return image
    }

    func loadImages(folder: String, count: Int) throws -> ClientImages {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
                .filter { ["png", "pgm"].contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }.sorted()
        } catch {
            throw InputError("\(folder): cannot list the client images (\(error.localizedDescription))")
        }
        guard names.count == count else {
            throw InputError("\(folder): found \(names.count) PNG/PGM images, but --images says \(count)")
        }
        let expected = architecture.model.inputShape
        let images = try names.map { name in
            let path = "\(folder)/\(name)"
            let image = expected[0] == 3 ? try ImageFile.read(path, channels: 3, replicatingGray: true) : try ImageFile.read(path)
            guard image.shape == expected else {
                throw InputError("\(folder)/\(name): image is \(image.shape), the model expects \(expected)")
            }
            return image.reshaped([1] + image.shape)
        }
        return ClientImages(names: names, images: images)
    }

    /// `--client-labels 1,0,3`: one class index per client image, in file-name order.
    func parseLabels(_ text: String, count: Int, classes: Int) throws -> [Int] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let labels = parts.compactMap { Int($0) }
        guard labels.count == parts.count else {
            throw InputError("--client-labels \(text): expected comma-separated class indices, e.g. 1,0,3")
        }
        guard labels.count == count else {
            throw InputError("--client-labels gives \(labels.count) labels for \(count) client images")
        }
        if let bad = labels.first(where: { !(0..<classes).contains($0) }) {
            throw InputError("--client-labels: \(bad) is not a class of the model (0 ..< \(classes))")
        }
        return labels
    }
}
